import type { LoadOptions } from '../dataset/load-extract';
import type { ExtractRequest } from './extract-session';
import { sourceOfFiles } from './sample-upload';

/**
 * An uploaded extract kept on this computer, only when the evaluator chooses it: its files and
 * what loads them again the same way (the column mapping chosen, the data-through date given), in
 * the browser's origin-private file system (OPFS: private to this site, inside the browser
 * profile, not a folder anyone browses). One extract at most; nothing else is ever written there.
 *
 * Layout: one directory per kept copy, `extract-<id>/`, holding `file-<n>` per file and, written
 * last, `manifest.json`. A directory without a manifest is an unfinished copy. Tabs coordinate
 * with one Web Lock (writing and forgetting exclusive; loading from the files shared, so a copy
 * is never removed under a load) and tell each other of a change on a BroadcastChannel.
 */

const LOCK = 'linkages.kept-extract';
const CHANNEL = 'linkages.kept-extract';
const MANIFEST = 'manifest.json';
const FORMAT = 1;

export interface KeptFile {
  fileName: string;
  /** The entry's name in the copy's directory. */
  entry: string;
  /** Size in bytes. */
  size: number;
}

/** What is kept: the files by name and size, and how they were loaded. */
export interface KeptManifest {
  format: typeof FORMAT;
  /** Random, one per copy kept: tells a tab whether the copy it shows is still the kept one. */
  id: string;
  /** When it was kept (ISO 8601 timestamp). */
  keptAt: string;
  label: string;
  files: KeptFile[];
  options: Pick<LoadOptions, 'mapping' | 'dataThrough'>;
}

/** What storage holds: nothing, a kept extract, or something that cannot be read as one. */
export type KeptRead =
  { kind: 'none' } | { kind: 'kept'; manifest: KeptManifest } | { kind: 'unreadable' };

/** Why an extract could not be kept; the page words it (no engine or browser internals). */
export class KeepError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'quota' | 'failed',
    /** For 'quota': bytes the extract needs, and bytes the browser still allows (when known). */
    readonly needed = 0,
    readonly available: number | null = null,
  ) {
    super(`The extract could not be kept (${reason})`);
    this.name = 'KeepError';
  }
}

/** Whether this browser can keep files in its origin-private file system (a secure page). */
export function canKeepExtracts(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'storage' in navigator &&
    'getDirectory' in navigator.storage &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createWritable' in FileSystemFileHandle.prototype
  );
}

type Entry = [string, FileSystemHandle];

/** The root's entries (TypeScript's DOM library lacks the async iterator). */
async function entriesOf(directory: FileSystemDirectoryHandle): Promise<Entry[]> {
  const iterable = directory as unknown as { entries(): AsyncIterable<Entry> };
  const entries: Entry[] = [];
  for await (const entry of iterable.entries()) entries.push(entry);
  return entries;
}

function withLock<T>(mode: LockMode, run: () => Promise<T>): Promise<T> {
  if (typeof navigator.locks === 'undefined') return run();
  return navigator.locks.request(LOCK, { mode }, run);
}

function announceChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Calls `onChange` when another tab keeps or forgets an extract; returns the unsubscribe. */
export function watchKeptExtract(onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = onChange;
  return () => {
    channel.close();
  };
}

function isManifest(value: unknown): value is KeptManifest {
  const m = value as Partial<KeptManifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.format === FORMAT &&
    typeof m.id === 'string' &&
    typeof m.label === 'string' &&
    typeof m.keptAt === 'string' &&
    Array.isArray(m.files) &&
    m.files.every(
      (f) =>
        typeof f.fileName === 'string' && typeof f.entry === 'string' && typeof f.size === 'number',
    ) &&
    typeof m.options === 'object'
  );
}

async function readManifest(directory: FileSystemDirectoryHandle): Promise<KeptManifest | null> {
  try {
    const file = await (await directory.getFileHandle(MANIFEST)).getFile();
    const manifest: unknown = JSON.parse(await file.text());
    return isManifest(manifest) ? manifest : null;
  } catch {
    return null;
  }
}

async function findKept(
  root: FileSystemDirectoryHandle,
): Promise<{ read: KeptRead; directory: FileSystemDirectoryHandle | null }> {
  const entries = await entriesOf(root);
  if (entries.length === 0) return { read: { kind: 'none' }, directory: null };
  for (const [, handle] of entries) {
    if (handle.kind !== 'directory') continue;
    const directory = handle as FileSystemDirectoryHandle;
    const manifest = await readManifest(directory);
    if (manifest) return { read: { kind: 'kept', manifest }, directory };
  }
  return { read: { kind: 'unreadable' }, directory: null };
}

/**
 * What this computer's storage holds for the dashboard. `unreadable`: bytes are there but no
 * complete copy (a keep interrupted, or a copy from an other version): only forgetting helps.
 */
export async function readKeptExtract(): Promise<KeptRead> {
  if (!canKeepExtracts()) return { kind: 'none' };
  try {
    return (await findKept(await navigator.storage.getDirectory())).read;
  } catch {
    return { kind: 'unreadable' };
  }
}

/** Removes every entry of the dashboard's origin-private file system except `keep`. */
async function removeAllBut(root: FileSystemDirectoryHandle, keep: string | null): Promise<void> {
  for (const [name] of await entriesOf(root)) {
    if (name !== keep) await root.removeEntry(name, { recursive: true });
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/**
 * Keeps `request`'s files and its load options on this computer, replacing any extract kept
 * before (only once the new copy is complete). Asks the browser to keep the storage persistent.
 * Throws a KeepError: 'unsupported' (no OPFS), 'quota' (the browser allows too little room;
 * nothing is left behind), 'failed' (anything else; nothing is left behind either).
 */
export async function keepExtract(request: ExtractRequest): Promise<KeptManifest> {
  if (!canKeepExtracts()) throw new KeepError('unsupported');
  const blobs = request.files.map((f) => {
    if (f.source.kind === 'file') return f.source.file;
    if (f.source.kind === 'bytes') return new Blob([f.source.bytes as Uint8Array<ArrayBuffer>]);
    throw new KeepError('unsupported');
  });
  const needed = blobs.reduce((sum, blob) => sum + blob.size, 0);
  const { quota, usage } = await navigator.storage.estimate();
  if (quota !== undefined && usage !== undefined && quota - usage < needed)
    throw new KeepError('quota', needed, quota - usage);

  const manifest: KeptManifest = {
    format: FORMAT,
    id: crypto.randomUUID(),
    keptAt: new Date().toISOString(),
    label: request.label,
    files: request.files.map((f, i) => ({
      fileName: f.fileName,
      entry: `file-${String(i)}`,
      size: blobs[i]?.size ?? 0,
    })),
    options: {
      ...(request.options?.mapping && { mapping: request.options.mapping }),
      ...(request.options?.dataThrough !== undefined && {
        dataThrough: request.options.dataThrough,
      }),
    },
  };
  const name = `extract-${manifest.id}`;
  await withLock('exclusive', async () => {
    const root = await navigator.storage.getDirectory();
    try {
      const directory = await root.getDirectoryHandle(name, { create: true });
      for (const [i, blob] of blobs.entries()) {
        const handle = await directory.getFileHandle(manifest.files[i]!.entry, { create: true });
        await blob.stream().pipeTo(await handle.createWritable());
      }
      const written = await (
        await directory.getFileHandle(MANIFEST, { create: true })
      ).createWritable();
      await written.write(JSON.stringify(manifest));
      await written.close();
    } catch (error) {
      await root.removeEntry(name, { recursive: true }).catch(() => undefined);
      throw isQuotaError(error) ? new KeepError('quota', needed) : new KeepError('failed');
    }
    // The new copy is complete: the one it replaces, and any unfinished one, go.
    await removeAllBut(root, name);
  });
  announceChange();
  // Without it the browser may clear the copy when the disk runs low; it may say no.
  void navigator.storage.persist().catch(() => false);
  return manifest;
}

/**
 * Runs `use` on the kept extract as a load request (its files read from storage, named as they
 * were), while no tab can forget or replace it. Resolves to null when nothing is kept any more,
 * and throws when the copy cannot be read.
 */
export function withKeptExtract<T>(
  use: (request: ExtractRequest, manifest: KeptManifest) => Promise<T>,
): Promise<T | null> {
  return withLock('shared', async () => {
    const root = await navigator.storage.getDirectory();
    const { read, directory } = await findKept(root);
    if (read.kind === 'none') return null;
    if (read.kind === 'unreadable' || !directory) throw new Error('unreadable');
    const { manifest } = read;
    const files = await Promise.all(
      manifest.files.map(async (kept) => {
        const stored = await (await directory.getFileHandle(kept.entry)).getFile();
        if (stored.size !== kept.size) throw new Error('changed');
        const file = new File([stored], kept.fileName, { lastModified: stored.lastModified });
        return { fileName: kept.fileName, source: { kind: 'file' as const, file } };
      }),
    );
    // A kept copy of the sample's own files is the sample still (a mix is never loaded, so never kept).
    const source = await sourceOfFiles(files);
    return use(
      {
        source: 'upload',
        ...(!('error' in source) && source.kind === 'sample' ? { synthetic: true } : {}),
        label: manifest.label,
        files,
        options: manifest.options,
      },
      manifest,
    );
  });
}

/** Removes every byte the dashboard keeps in this browser's origin-private file system. */
export async function forgetKeptExtract(): Promise<void> {
  if (!canKeepExtracts()) return;
  await withLock('exclusive', async () => {
    await removeAllBut(await navigator.storage.getDirectory(), null);
  });
  announceChange();
}

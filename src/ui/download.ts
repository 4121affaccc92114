/** Saves a file on this computer (never uploaded anywhere). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

export function downloadText(
  fileName: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/**
 * Saves a CSV text with a byte-order mark, so that a spreadsheet reads it as UTF-8 (the
 * provenance's "—" and "–", county names with accents) rather than in the computer's code page.
 */
export function downloadCsv(fileName: string, text: string): void {
  downloadText(fileName, `\uFEFF${text}`);
}

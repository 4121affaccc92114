// Parses a workbook off the page's thread: { fileName, bytes } in, a WorkbookResult out.
import { readWorkbook, type WorkbookResult } from './workbook-csv';

self.onmessage = async (event: MessageEvent<{ fileName: string; bytes: Uint8Array }>) => {
  const { fileName, bytes } = event.data;
  const result: WorkbookResult = await readWorkbook(fileName, bytes);
  self.postMessage(result);
};

// Parses a workbook off the page's thread: { fileName, bytes } in, a WorkbookResult out.
import { readWorkbook, type WorkbookResult } from './workbook-csv';

self.onmessage = async (event: MessageEvent<{ fileName: string; bytes: Uint8Array }>) => {
  const { fileName, bytes } = event.data;
  let result: WorkbookResult;
  try {
    result = await readWorkbook(fileName, bytes);
  } catch {
    // Always answer: a worker whose promise failed would leave the load waiting for ever.
    result = {
      ok: false,
      error: `${fileName} could not be read as an Excel workbook: the reader stopped on its contents. Open it in Excel, save it as "CSV UTF-8", and load the CSV files.`,
    };
  }
  self.postMessage(result);
};

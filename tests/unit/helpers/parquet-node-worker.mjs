// The Node twin of src/lib/ingest/parquet-worker.ts for unit tests: the same
// requests and replies, over a worker thread, with parquet-wasm's Node build.
// A wasm trap inside an async read is an uncaught error here, which ends
// the thread and is reported to the test's ParquetIsolate as a crash.
import { parentPort } from 'node:worker_threads';
import * as parquet from 'parquet-wasm';

let file;
parentPort.on('message', async (request) => {
  try {
    if (request.op === 'open') {
      file?.free();
      file = await parquet.ParquetFile.fromFile(request.file);
      const groups = file.metadata().rowGroups().map((group) => ({ rows: group.numRows(), bytes: group.totalByteSize() }));
      parentPort.postMessage({ ok: true, op: 'open', groups, schema: file.schema().intoIPCStream() });
    } else {
      const ipc = (await file.read({ rowGroups: [request.group] })).intoIPCStream();
      parentPort.postMessage({ ok: true, op: 'read', ipc }, [ipc.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error?.message ?? error), fatal: error instanceof WebAssembly.RuntimeError });
  }
});

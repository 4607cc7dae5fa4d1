/**
 * Browser adapters for the readers: parquet-wasm is fetched (from our own
 * origin) only when the first Parquet file is opened or exported, and
 * workbooks are parsed in a worker.
 */
import type { IngestDeps, ParquetCodec, ParsedJson, WorkbookSheet } from './deps';
import { IngestError, type IngestProblem } from './ingest-error';
import { parquetCodecFrom, type ParquetWasmModule } from './parquet-codec';
import type { ParquetReply, ParquetWorkerPort } from './parquet-isolate';

let parquetCodec: Promise<ParquetCodec> | undefined;

/** A fresh parquet-wasm instance in a worker of its own, for one file (see parquet-isolate.ts). */
function spawnParquetWorker(): ParquetWorkerPort {
  const worker = new Worker(new URL('./parquet-worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (request) => worker.postMessage(request),
    listen(onReply, onFailure) {
      worker.onmessage = (event: MessageEvent<ParquetReply>) => onReply(event.data);
      worker.onerror = (event) => {
        // A wasm trap in the worker: handled here, so it is not logged as uncaught.
        event.preventDefault();
        onFailure(event.message || 'the Parquet reader stopped');
      };
      worker.onmessageerror = () => onFailure('unreadable reply from the Parquet reader');
    },
    terminate: () => worker.terminate(),
  };
}

function loadParquet(): Promise<ParquetCodec> {
  parquetCodec ??= (async () => {
    const [module, wasm] = await Promise.all([
      import('parquet-wasm/esm'),
      import('parquet-wasm/esm/parquet_wasm_bg.wasm?url'),
    ]);
    await module.default({ module_or_path: wasm.default });
    return parquetCodecFrom(module as unknown as ParquetWasmModule, spawnParquetWorker);
  })();
  parquetCodec.catch(() => (parquetCodec = undefined));
  return parquetCodec;
}

type WorkbookReply = { ok: true; sheets: WorkbookSheet[] } | { ok: false; error: string };

function readWorkbook(bytes: Uint8Array, signal?: AbortSignal): Promise<WorkbookSheet[]> {
  const worker = new Worker(new URL('./xlsx.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<WorkbookSheet[]>((resolve, reject) => {
    // Cancelled, or out of time: the worker ends, whatever loop its parser is in.
    signal?.addEventListener('abort', () => reject(new DOMException('Workbook reading stopped', 'AbortError')), { once: true });
    worker.onmessage = (event: MessageEvent<WorkbookReply>) => {
      if (event.data.ok) resolve(event.data.sheets);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the workbook reader stopped'));
    worker.postMessage(bytes);
  }).finally(() => worker.terminate());
}

type JsonReply = { ok: true; parsed: ParsedJson } | { ok: false; refusal: { file: string; problem: IngestProblem; line?: number; column?: number } } | { ok: false; message: string };

/** One worker per file: Cancel (the signal) ends it at once, whatever it is parsing. */
function parseJson(bytes: Uint8Array, flavour: 'json' | 'ndjson', fileName: string, signal?: AbortSignal): Promise<ParsedJson> {
  const worker = new Worker(new URL('./json.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ParsedJson>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('JSON reading stopped', 'AbortError')), { once: true });
    worker.onmessage = (event: MessageEvent<JsonReply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.parsed);
      else if ('refusal' in reply) reject(new IngestError(reply.refusal.file, reply.refusal.problem, { line: reply.refusal.line, column: reply.refusal.column }));
      else reject(new IngestError(fileName, { code: 'json', params: { cause: reply.message } }));
    };
    // The worker itself died (out of memory on a huge file): said as a JSON problem of this file.
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new IngestError(fileName, { code: 'json', params: { cause: event.message || 'the JSON reader stopped' } }));
    };
    worker.postMessage({ bytes, flavour, fileName });
  }).finally(() => worker.terminate());
}

export const browserIngestDeps: IngestDeps = { loadParquet, readWorkbook, parseJson };

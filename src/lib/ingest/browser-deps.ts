/**
 * Browser adapters for the readers: parquet-wasm is fetched (from our own
 * origin) only when the first Parquet file is opened or exported, and
 * workbooks are parsed in a worker.
 */
import type { IngestDeps, ParquetCodec, ParsedJson, WorkbookSheet } from './deps';
import { IngestError, type IngestProblem } from './ingest-error';
import { parquetCodecFrom, type ParquetWasmModule } from './parquet-codec';
import type { ParquetReply, ParquetWorkerPort } from './parquet-isolate';
import { runWorkerJob } from '../worker-job';

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
  return runWorkerJob<WorkbookReply, WorkbookSheet[]>(worker, bytes, {
    signal,
    settle: (reply) => (reply.ok ? { ok: true, value: reply.sheets } : { ok: false, error: new Error(reply.error) }),
    died: (message) => new Error(message ?? 'the workbook reader stopped'),
    cancelled: () => new DOMException('Workbook reading stopped', 'AbortError'),
  });
}

type JsonReply = { ok: true; parsed: ParsedJson } | { ok: false; refusal: { file: string; problem: IngestProblem; line?: number; column?: number } } | { ok: false; message: string };

/** One worker per file: Cancel (the signal) ends it at once, whatever it is parsing. */
function parseJson(bytes: Uint8Array, flavour: 'json' | 'ndjson', fileName: string, signal?: AbortSignal): Promise<ParsedJson> {
  const worker = new Worker(new URL('./json.worker.ts', import.meta.url), { type: 'module' });
  // A worker that died (out of memory on a huge file) is said as a JSON problem of this file.
  const jsonProblem = (cause: string) => new IngestError(fileName, { code: 'json', params: { cause } });
  return runWorkerJob<JsonReply, ParsedJson>(worker, { bytes, flavour, fileName }, {
    signal,
    settle: (reply) => {
      if (reply.ok) return { ok: true, value: reply.parsed };
      if ('refusal' in reply) {
        const { file, problem, line, column } = reply.refusal;
        return { ok: false, error: new IngestError(file, problem, { line, column }) };
      }
      return { ok: false, error: jsonProblem(reply.message) };
    },
    died: (message) => jsonProblem(message ?? 'the JSON reader stopped'),
    cancelled: () => new DOMException('JSON reading stopped', 'AbortError'),
  });
}

export const browserIngestDeps: IngestDeps = { loadParquet, readWorkbook, parseJson };

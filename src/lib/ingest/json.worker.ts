/// <reference lib="webworker" />
import { IngestError } from './ingest-error';
import { parseJsonToIPC } from './json-reader';

/**
 * Parses JSON and NDJSON off the main thread: a large file is megabytes of
 * JavaScript objects to build, which on the page would freeze it (and its
 * Cancel button) until done. A refusal comes back as the IngestError's parts.
 */
self.onmessage = (event: MessageEvent<{ bytes: Uint8Array; flavour: 'json' | 'ndjson'; fileName: string }>) => {
  const { bytes, flavour, fileName } = event.data;
  try {
    const parsed = parseJsonToIPC(bytes, flavour, fileName);
    self.postMessage({ ok: true, parsed }, [parsed.ipc.buffer]);
  } catch (error) {
    if (error instanceof IngestError) self.postMessage({ ok: false, refusal: { file: error.file, problem: error.problem, line: error.line, column: error.column } });
    else self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};

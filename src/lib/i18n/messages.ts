/**
 * The one catalog of user-facing text. English now; Spanish and Portuguese
 * will be added as sibling catalogs with the same keys (the type below makes
 * a missing key a compile error).
 */
const en = {
  'app.title': 'Atalaya',
  'app.tagline': 'Local-first analysis: your files never leave this tab.',
  'engine.status.off': 'Engine off',
  'engine.status.starting': 'Starting engine…',
  'engine.status.ready': 'Engine ready',
  'engine.status.restarting': 'Restarting engine…',
  'engine.status.failed': 'Engine failed to start',
  'engine.restarted': 'The query engine stopped ({reason}) and was restarted; your tables were reloaded from their files.',
  'engine.restarted.cancel': 'The query did not stop in time, so the engine was restarted; your tables were reloaded from their files.',
  'engine.hint.icu':
    'Time-zone functions (current_date, now(), AT TIME ZONE, TIMESTAMPTZ arithmetic) need DuckDB’s ICU extension, which Atalaya does not download because it works offline. Use DATE or TIMESTAMP values instead, e.g. DATE \'2024-01-31\'.',
  'engine.hint.parquet':
    'read_parquet is not available offline. Open the Parquet file with “Open files” (or drop it on the window) and query the table it becomes.',
  'engine.hint.json':
    'read_json is not available offline. Open the JSON file with “Open files” (or drop it on the window) and query the table it becomes.',
  'engine.hint.network': 'Atalaya never contacts other sites. Download the file, then open it with “Open files”.',
  'engine.hint.extension':
    'The DuckDB “{extension}” extension is not part of Atalaya: it works offline and never downloads extensions.',
  'files.open': 'Open files',
  'files.drop': 'Drop files to load them',
  'files.loading': 'Loading {file}',
  'files.loaded': 'Loaded {file} as {table} ({rows}).',
  'files.cancel': 'Cancel',
  'files.cancelled': 'Loading {file} was cancelled; nothing was added.',
  'files.rejected': '{file}: {rows} skipped as malformed (first at line {lines}).',
  'files.progress.read': 'Reading {read} of {total}',
  'files.progress.parse': 'Parsing {percent}%',
  'files.progress.parseElapsed': 'Parsing… {elapsed}',
  'files.decoded': '{file} was not UTF-8; it was decoded as {encoding}.',
  'files.formatMismatch': '{file} is named like {named} but contains {actual}; it was loaded as {actual}.',
  'files.headerRenamed': 'In {file}, column {column} had no usable header and was named “{name}”.',
  'files.sheets.title': 'Choose sheets to load',
  'files.sheets.body': '{file} has {count} sheets. Each sheet you pick becomes a table.',
  'files.sheets.load': 'Load sheets',
  'files.sheets.all': 'Select all',
  'ingest.error.where.line': '{file}, line {line}',
  'ingest.error.where.lineColumn': '{file}, line {line}, column {column}',
  'ingest.error.empty': 'The file is empty.',
  'ingest.error.empty.hint': 'Check that you picked the right file, or export it again from its program.',
  'ingest.error.binary': 'This does not look like text: it contains binary data.',
  'ingest.error.binary.hint':
    'If it is a spreadsheet, save it as .xlsx or CSV. Atalaya reads CSV/TSV, JSON, NDJSON, Parquet, Arrow and XLSX.',
  'ingest.error.xls': 'This is a legacy Excel .xls workbook, which Atalaya cannot read.',
  'ingest.error.xls.hint': 'Open it in your spreadsheet program and save it as .xlsx (Excel Workbook) or CSV.',
  'ingest.error.gzip': 'This file is compressed (gzip).',
  'ingest.error.gzip.hint': 'Decompress it first, then open the file inside.',
  'ingest.error.feather1': 'This is a Feather version 1 file, an old format Atalaya cannot read.',
  'ingest.error.feather1.hint': 'Re-save it as Feather v2 / Arrow IPC or Parquet (e.g. pyarrow.feather.write_feather).',
  'ingest.error.unknown': 'Atalaya does not recognize the format of this file.',
  'ingest.error.unknown.hint': 'Atalaya reads CSV/TSV, JSON, NDJSON, Parquet, Arrow IPC (.arrow, .feather) and XLSX.',
  'ingest.error.csv': 'The text could not be read as a table: {cause}',
  'ingest.error.csv.hint': 'Check the line named above for an unclosed quote or a stray delimiter, then open the file again.',
  'ingest.error.noRows': 'Every row was malformed, so no table was made.',
  'ingest.error.json': 'The JSON is not valid: {cause}',
  'ingest.error.json.hint': 'Fix the JSON at that position (a validator or editor will show it), then open the file again.',
  'ingest.error.jsonShape': 'The JSON must be an array of objects (one object per row), or one object per line (NDJSON).',
  'ingest.error.jsonShape.hint': 'Wrap the rows in [ … ], or save one JSON object per line with the extension .ndjson.',
  'ingest.error.jsonNoRows': 'The JSON holds no rows.',
  'ingest.error.parquet': 'The Parquet file could not be read: {cause}',
  'ingest.error.parquet.hint': 'The file may be truncated or damaged. Export it again from its source.',
  'ingest.error.arrow': 'The Arrow file could not be read: {cause}',
  'ingest.error.arrow.hint':
    'Atalaya reads uncompressed Arrow IPC files and streams. If it was written with LZ4 or ZSTD compression, save it uncompressed or as Parquet.',
  'ingest.error.xlsx': 'The workbook could not be read: {cause}',
  'ingest.error.xlsx.hint': 'Open it in your spreadsheet program, save it again as .xlsx, and retry.',
  'ingest.error.xlsxEmpty': 'No sheet in this workbook has any data.',
  'ingest.error.tooLarge': 'The file is {size}, more than the {limit} that fit safely in this tab’s memory.',
  'ingest.error.tooLarge.hint': 'Split it, or filter it down before opening it, or convert it to Parquet (much smaller).',
  'ingest.error.engine': 'The engine could not load it: {cause}',
  'ingest.error.engine.hint': 'Try opening the file again. If it keeps failing, export it again from its program.',
  'datasets.title': 'Datasets',
  'datasets.empty': 'No tables yet. Open or drop CSV, JSON, Parquet, Arrow or Excel files to begin.',
  'datasets.rows': '{rows} rows',
  'datasets.insert': 'Insert {name} into the editor',
  'datasets.rename': 'Rename {name}',
  'datasets.renamePrompt': 'New name for table {name}',
  'datasets.drop': 'Remove {name}',
  'datasets.columns': 'Columns of {name}',
  'datasets.removed': 'Removed table {name}.',
  'editor.label': 'SQL editor',
  'editor.run': 'Run',
  'editor.cancel': 'Cancel',
  'editor.runHint': 'Ctrl+Enter runs the statement under the cursor (or the selection)',
  'editor.history': 'History',
  'editor.historyEmpty': 'Queries you run appear here.',
  'editor.running': 'Running… {elapsed}',
  'editor.done': '{rows} in {elapsed}',
  'editor.doneStatement': 'Done in {elapsed}',
  'editor.cancelled': 'Query cancelled after {elapsed}.',
  'editor.errorAt': 'at line {line}, column {column}',
  'editor.nothingToRun': 'There is no statement to run.',
  'results.label': 'Results',
  'results.empty': 'Run a query to see its rows here.',
  'results.noRows': 'The query returned no rows.',
  'results.rowCount': '{rows} × {columns}',
  'results.exportCsv': 'Export CSV',
  'results.exportParquet': 'Export Parquet',
  'results.exporting': 'Exporting…',
  'results.lost': 'This result was lost when the engine restarted. Run the query again.',
  'results.null': 'NULL',
  'results.rowNumber': 'Row number',
  'datasets.view': 'view',
  'profile.emptyValue': '(empty)',
  'editor.errorHere': 'DuckDB reports the error here',
  'engine.cancelled': 'Query cancelled',
  'samples.open': 'Sample data',
  'samples.title': 'Sample data',
  'samples.intro':
    'Real figures on citizen-security cooperation in Latin America and the Caribbean, transcribed from public reports. Each table says where every number comes from.',
  'samples.load': 'Load {title}',
  'samples.loadShort': 'Load',
  'samples.rows': '{rows} · {period}',
  'samples.source': 'Source',
  'samples.about': 'About {name}',
  'samples.aboutTitle': 'About this data',
  'samples.reference': 'Where in the document',
  'samples.units': 'Units',
  'samples.period': 'Period',
  'samples.caveats': 'Caveats',
  'samples.columns': 'Columns',
  'samples.notice': 'Notice',
  'samples.starters': 'Starter queries',
  'samples.openQuery': 'Open “{title}” in the editor and run it',
  'samples.run': 'Run',
  'welcome.title': 'Welcome to Atalaya',
  'welcome.body':
    'Query spreadsheets, CSV, JSON, Parquet and Arrow files with SQL, right here. Nothing is uploaded: your files never leave this tab.',
  'welcome.sample': 'Explore a sample',
  'welcome.sampleHint': 'US assistance for Plan Colombia, 2000–2012, as in Figure 6 of the paper',
  'welcome.files': 'Open your own files',
  'welcome.filesHint': 'or drop them anywhere on this window',
  'welcome.tour': 'Take the tour',
  'welcome.dismiss': 'Close the welcome panel',
  'help.menu': 'Help',
  'help.tour': 'Take the tour',
  'help.welcome': 'Show the welcome panel',
  'help.shortcuts': 'Keyboard shortcuts',
  'help.shortcut.run': 'Run the statement under the cursor (or the selection)',
  'help.shortcut.open': 'Open files',
  'help.shortcut.complete': 'Complete a table, column or keyword',
  'help.shortcut.close': 'Close a dialog, menu or the tour',
  'tour.step': 'Step {step} of {count}',
  'tour.next': 'Next',
  'tour.back': 'Back',
  'tour.done': 'Done',
  'tour.close': 'Close the tour',
  'tour.open.title': 'Open your own files',
  'tour.open.body': 'Open or drop CSV, TSV, JSON, Parquet, Arrow or Excel files. They are read in this tab and never uploaded.',
  'tour.samples.title': 'Sample data',
  'tour.samples.body': 'Real figures from reports on citizen-security cooperation in the region, each with its source.',
  'tour.datasets.title': 'Your tables',
  'tour.datasets.body': 'Every file becomes a table. Click a name to insert it into the editor; the (i) button tells where a sample comes from.',
  'tour.editor.title': 'Write SQL',
  'tour.editor.body': 'DuckDB SQL with completion. Ctrl+Enter (⌘+Enter on a Mac) runs the statement under the cursor.',
  'tour.results.title': 'See the results',
  'tour.results.body': 'Scroll through millions of rows, and export them as CSV or Parquet.',
  'results.tabs': 'Result views',
  'results.tab.rows': 'Rows',
  'results.tab.profile': 'Profile',
  'profile.of': 'Profile of {name}',
  'profile.result': 'the query result',
  'profile.running': 'Profiling {name}…',
  'profile.cancel': 'Cancel profiling',
  'profile.cancelled': 'Profiling was cancelled.',
  'profile.empty': 'Run a query, or choose “Profile” beside a table, to see its columns summarized here.',
  'profile.nulls': 'NULL',
  'profile.distinct': 'distinct',
  'profile.approx': '≈',
  'profile.nan': 'NaN',
  'profile.emptyText': 'empty',
  'profile.min': 'min',
  'profile.max': 'max',
  'profile.mean': 'mean',
  'profile.median': 'median',
  'profile.top': 'Most frequent',
  'profile.samples': 'Samples',
  'profile.histogram': 'Distribution of {name}',
  'profile.bar': '{from} to {to}: {count} rows. Show them.',
  'profile.value': '{value}: {count} rows. Show them.',
  'profile.rejected': 'Rows skipped when {file} was loaded',
  'profile.rejectedLine': 'line {line}: {reason}',
  'datasets.profile': 'Profile {name}',
  'fix.open': 'Change the type of {name}',
  'fix.button': 'Change type…',
  'fix.title': 'Change the type of {column}',
  'fix.to': 'Convert the text to',
  'fix.number': 'Number',
  'fix.date': 'Date',
  'fix.boolean': 'True / false',
  'fix.decimal': 'Numbers are written like',
  'fix.decimalComma': '1.234,5 (decimal comma)',
  'fix.decimalPoint': '1,234.5 (decimal point)',
  'fix.dateOrder': 'Dates are written like',
  'fix.dmy': '31/01/2012 (day first)',
  'fix.mdy': '01/31/2012 (month first)',
  'fix.ymd': '2012-01-31 (year first)',
  'fix.booleanWords': 'Reads true/false, yes/no, sí/no, sim/não, 1/0.',
  'fix.preview': '{converted} values will convert.',
  'fix.previewFailing': '{failing} cannot be read and will become empty (NULL), for example: {examples}.',
  'fix.previewNone': 'Every non-empty value can be read.',
  'fix.apply': 'Apply',
  'fix.applied': 'Changed {column} in {table} to {type}.',
  'fix.appliedLost': 'Changed {column} in {table} to {type}; {failing} unreadable values are now empty.',
  'common.close': 'Close',
  'common.dismiss': 'Dismiss',
  'common.undo': 'Undo',
} as const;

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

const catalog: Record<MessageKey, string> = en;

/** Looks up a message and fills its {placeholders}. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  return catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const integerFormat = new Intl.NumberFormat('en-US');

/** Formats a count for messages (1,234,567). */
export function formatCount(value: number | bigint): string {
  return integerFormat.format(value);
}

/** "1 row", "1,234 rows". */
export function formatRows(count: number | bigint): string {
  return `${formatCount(count)} ${count === 1 || count === 1n ? 'row' : 'rows'}`;
}

/** "1 column", "4 columns". */
export function formatColumns(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'column' : 'columns'}`;
}

/** Formats a byte size (12.3 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Formats a duration (850 ms, 2.4 s). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// @ts-check
// A Jest reporter beside the default one: when TASKHUB_TEST_FAILURES_DIR is set (tools/test.sh sets it), each Jest
// process writes its failed tests there, one short entry per test (file, test name, the first lines of the error).
// `npm test` prints them once more at its very end, so a CI log that keeps only its last lines still names the test
// that failed; Jest's own report of it may be hundreds of lines further up, among two interleaved lanes.
const fs = require('node:fs');
const path = require('node:path');

const MESSAGE_LINES = 12;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** stack frames of Jest, Node and other packages: the spec's and the code's own frames are what tell */
const FOREIGN_FRAME = /^\s*at .*(node_modules|node:internal|\(<anonymous>\))/;

/** @param {string} text */
function firstLines(text) {
  const lines = text.replace(ANSI, '').split('\n').filter((line) => line.trim() !== '' && !FOREIGN_FRAME.test(line));
  const kept = lines.slice(0, MESSAGE_LINES).map((line) => `    ${line.trimEnd()}`);
  if (lines.length > MESSAGE_LINES) kept.push(`    ... (${lines.length - MESSAGE_LINES} more lines in Jest's report above)`);
  return kept.join('\n');
}

/** @implements {Pick<import('@jest/reporters').Reporter, 'onRunComplete'>} */
class FailureSummaryReporter {
  /** @param {import('@jest/reporters').Config.GlobalConfig} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/reporters').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const dir = process.env['TASKHUB_TEST_FAILURES_DIR'];
    if (!dir) return;
    /** @type {string[]} */
    const entries = [];
    for (const file of results.testResults) {
      const where = path.relative(this.rootDir, file.testFilePath);
      if (file.testExecError) entries.push(`${where}: the file failed to run\n${firstLines(file.testExecError.message)}`);
      for (const test of file.testResults) {
        if (test.status !== 'failed') continue;
        entries.push(`${where} › ${test.fullName}\n${firstLines(test.failureMessages.join('\n'))}`);
      }
    }
    if (entries.length === 0) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `jest-${process.pid}-${Date.now()}.txt`), `${entries.join('\n')}\n`);
  }
}

module.exports = FailureSummaryReporter;

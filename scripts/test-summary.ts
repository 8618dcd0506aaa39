/**
 * A `node --test` reporter that `npm test` runs after the TAP one: at the end of the run it lists what failed, each
 * test's name, file and line, and the first lines of its error, so a reader of thousands of TAP lines sees the
 * failures without searching for them. A suite that failed only because a test inside it failed is not listed
 * again.
 */

/** What this reporter reads of a `test:fail` event (see Node's `node:test` reporter events). */
interface FailEvent {
  readonly type: "test:fail";
  readonly data: {
    readonly name: string;
    readonly file?: string;
    readonly line?: number;
    readonly details: { readonly error?: unknown };
  };
}

type Event = FailEvent | { readonly type: string };

/** Lines of each error shown in the summary. */
const errorLines = 4;

interface Failure {
  readonly name: string;
  readonly where: string;
  readonly lines: string[];
}

/** The error the test threw: Node wraps it in a test failure whose `cause` is the original. */
function firstLines(error: unknown): string[] {
  const wrapper = error as { failureType?: string; cause?: unknown; message?: string } | undefined;
  const thrown = wrapper?.cause ?? wrapper;
  const message =
    thrown instanceof Error
      ? `${thrown.name}: ${thrown.message}`
      : String((thrown as { message?: unknown })?.message ?? thrown);
  return message
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(0, errorLines);
}

function failure(event: FailEvent): Failure | undefined {
  const error = event.data.details.error as { failureType?: string } | undefined;
  if (error?.failureType === "subtestsFailed") return undefined;
  const { file, line } = event.data;
  const where = file ? `${file}${line === undefined ? "" : `:${line}`}` : "(no file)";
  return { name: event.data.name, where, lines: firstLines(error) };
}

/** The summary's text: the failures, or one line saying there were none. */
export function summarize(failures: readonly Failure[]): string {
  if (failures.length === 0) return "\n# summary: no test failed\n";
  const blocks = failures.map(
    (f, i) => `${i + 1}. ${f.name}\n   at ${f.where}\n${f.lines.map((l) => `     ${l}`).join("\n")}`,
  );
  const count = failures.length === 1 ? "1 test" : `${failures.length} tests`;
  return `\n# summary: ${count} failed\n${blocks.join("\n")}\n`;
}

export default async function* testSummary(source: AsyncIterable<Event>): AsyncGenerator<string> {
  const failures: Failure[] = [];
  for await (const event of source) {
    if (event.type !== "test:fail") continue;
    const found = failure(event as FailEvent);
    if (found) failures.push(found);
  }
  yield summarize(failures);
}

"""Jupyter's kernel conformance suite (jupyter_kernel_test) against the installed `explr` kernel.

Every sample is filled in, so no test of the suite is skipped for lack of a feature.
Run: python3 test/kernel/conformance/test_explr_kernel.py (with the kernel installed); a skip fails the run.
"""

import unittest

import jupyter_kernel_test

EXPLR_DISPLAY = 'import { display } from "explr"; '
HTML_VALUE = '{ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>hi</b>", "text/plain": "hi" }; } }'


class ExplrKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "explr"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const longVariableName = 1; longVariableN", "matches": {"longVariableName"}},
    ]

    complete_code_samples = ["1", "const a = 1;", "function f(x: number) { return x; }", "for (const i of [1]) {}"]
    incomplete_code_samples = ["function f() {", "let a = [1,", "if (true) {"]
    invalid_code_samples = [")", "1 +* 2", "let let = ;"]

    code_page_something = 'import { page } from "explr/kernel"; page("the pager shows this")'

    code_generate_error = 'throw new Error("an error on purpose")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2].map((x) => x * 2)", "result": "[ 2, 4 ]"},
        {"code": "(" + HTML_VALUE + ")", "mime": "text/html", "result": "<b>hi</b>"},
    ]

    code_display_data = [
        {"code": EXPLR_DISPLAY + "display(" + HTML_VALUE + ")", "mime": "text/html"},
        {"code": EXPLR_DISPLAY + 'display("plain")', "mime": "text/plain"},
    ]

    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "explr"; clearOutput()'


if __name__ == "__main__":
    # A skipped test would hide a missing feature: count it as a failure.
    result = unittest.TextTestRunner(verbosity=2).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(ExplrKernelTests)
    )
    if result.skipped:
        print(f"FAILED: {len(result.skipped)} conformance tests were skipped: {result.skipped}")
    raise SystemExit(0 if result.wasSuccessful() and not result.skipped else 1)

import assert from "node:assert/strict";
import { test } from "node:test";
import { type Message, reply } from "../../kernel/protocol/wire.js";
import { BadRequestError, contentOf, cursorField, stringField } from "../../kernel/request-fields.js";

const request = (content: unknown) => {
  const message = reply(undefined, "complete_request", {}, "client") as Message;
  (message as { content: unknown }).content = content;
  return message;
};

test("the content must be a JSON object", () => {
  assert.deepEqual(contentOf(request({ code: "1" })), { code: "1" });
  for (const bad of [null, [], 3, "text"]) {
    assert.throws(() => contentOf(request(bad)), BadRequestError);
  }
  assert.throws(
    () => contentOf(request(null)),
    /complete_request: the content must be a JSON object, got null/,
  );
});

test("a string field names the request, the field and what came", () => {
  assert.equal(stringField(request({ code: "x" }), "code"), "x");
  assert.throws(
    () => stringField(request({ code: 10n }), "code"),
    /complete_request: content.code must be a string, got 10n/,
  );
});

test("cursor_pos: code points within the code; absent or null is the end", () => {
  assert.equal(cursorField(request({ cursor_pos: 1 }), "😀a"), 1);
  assert.equal(cursorField(request({}), "😀a"), 2);
  assert.equal(cursorField(request({ cursor_pos: null }), "😀a"), 2);
  for (const bad of [-1, 3, 1.5, "1"]) {
    assert.throws(() => cursorField(request({ cursor_pos: bad }), "😀a"), /whole number from 0 to 2/);
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { BadSignatureError, decode, encode, reply, Signer } from "../../../kernel/protocol/wire.js";

const signer = new Signer("secret-key");

test("encode then decode gives the message back, identities and buffers included", () => {
  const message = reply(undefined, "execute_request", { code: "1+1" }, "s1", [Buffer.from("client")]);
  message.buffers = [Buffer.from([1, 2, 3])];
  const back = decode(encode(message, signer), signer);
  assert.deepEqual(back.identities, [Buffer.from("client")]);
  assert.deepEqual(back.header, message.header);
  assert.deepEqual(back.content, { code: "1+1" });
  assert.deepEqual(back.buffers, [Buffer.from([1, 2, 3])]);
});

test("the signature is HMAC-SHA256 over header, parent, metadata and content, in hex", () => {
  const frames = encode(reply(undefined, "status", {}, "s"), signer);
  assert.match(frames[1].toString(), /^[0-9a-f]{64}$/);
});

test("a tampered content or a wrong key is rejected", () => {
  const frames = encode(reply(undefined, "execute_request", { code: "1" }, "s"), signer);
  const tampered = [...frames];
  tampered[5] = Buffer.from(JSON.stringify({ code: "process.exit()" }));
  assert.throws(() => decode(tampered, signer), BadSignatureError);
  assert.throws(() => decode(frames, new Signer("other-key")), BadSignatureError);
});

test("an empty key means unsigned messages, as the protocol allows", () => {
  const unsigned = new Signer("");
  const frames = encode(reply(undefined, "status", {}, "s"), unsigned);
  assert.equal(frames[1].toString(), "");
  assert.deepEqual(decode(frames, unsigned).content, {});
});

test("malformed frames and unknown schemes are refused with the reason", () => {
  assert.throws(() => decode([Buffer.from("no delimiter")], signer), /malformed message/);
  assert.throws(() => new Signer("k", "rsa"), /signature_scheme "rsa" is not supported/);
});

test("a reply names its parent and keeps the session and protocol version", () => {
  const parent = reply(undefined, "kernel_info_request", {}, "client-session", [Buffer.from("id")]);
  const answer = reply(parent, "kernel_info_reply", { status: "ok" }, "kernel-session");
  assert.equal(answer.parent_header.msg_id, parent.header.msg_id);
  assert.equal(answer.header.version, "5.3");
  assert.deepEqual(answer.identities, [Buffer.from("id")]);
});

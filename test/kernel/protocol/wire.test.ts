import assert from "node:assert/strict";
import { test } from "node:test";
import { DigestHistory } from "../../../kernel/protocol/digest-history.js";
import {
  BadSignatureError,
  decode,
  encode,
  ReplayedMessageError,
  reply,
  Signer,
} from "../../../kernel/protocol/wire.js";

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
  assert.throws(() => new Signer("k", "hmac-nonesuch"), /signature_scheme "hmac-nonesuch" is not supported/);
});

test("a replayed message (a signature already seen) is refused; a new one passes", () => {
  const digests = new DigestHistory();
  const frames = encode(reply(undefined, "execute_request", { code: "1" }, "s"), signer);
  assert.equal(decode(frames, signer, digests).header.msg_type, "execute_request");
  assert.throws(() => decode(frames, signer, digests), ReplayedMessageError);
  const fresh = encode(reply(undefined, "execute_request", { code: "1" }, "s"), signer);
  assert.equal(decode(fresh, signer, digests).content.code, "1");
  // a forged copy is refused as forged and does not enter the history
  const forged = [...fresh];
  forged[1] = Buffer.from("0".repeat(64));
  assert.throws(() => decode(forged, signer, digests), BadSignatureError);
});

test("a header without msg_type or msg_id, or a parent header that is not an object, is malformed", () => {
  const signed = (parts: string[]) => [
    Buffer.from("<IDS|MSG>"),
    Buffer.from(signer.sign(parts)),
    ...parts.map((p) => Buffer.from(p)),
  ];
  const header = JSON.stringify(reply(undefined, "execute_request", {}, "s").header);
  assert.throws(() => decode(signed(["null", "{}", "{}", "{}"]), signer), /the header must be an object/);
  assert.throws(() => decode(signed(['{"msg_id":"a"}', "{}", "{}", "{}"]), signer), /msg_type and a msg_id/);
  assert.throws(
    () => decode(signed([header, "[]", "{}", "{}"]), signer),
    /parent_header must be a JSON object/,
  );
  assert.throws(() => decode(signed([header, "{}", "null", "{}"]), signer), /metadata must be a JSON object/);
  // a bad content is left to the receiver, which answers it with an error reply
  assert.equal(decode(signed([header, "{}", "{}", "null"]), signer).content, null);
});

test("a reply names its parent and keeps the session and protocol version", () => {
  const parent = reply(undefined, "kernel_info_request", {}, "client-session", [Buffer.from("id")]);
  const answer = reply(parent, "kernel_info_reply", { status: "ok" }, "kernel-session");
  assert.equal(answer.parent_header.msg_id, parent.header.msg_id);
  assert.equal(answer.header.version, "5.3");
  assert.deepEqual(answer.identities, [Buffer.from("id")]);
});

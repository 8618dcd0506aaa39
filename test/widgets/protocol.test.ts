import assert from "node:assert/strict";
import { test } from "node:test";
import { commHost, modelReference } from "../../src/widgets/protocol.js";
import { FakeFrontend } from "./fake-frontend.js";

test("the comm host is the kernel's services under Symbol.for('explr.kernel'), absent outside a kernel", () => {
  assert.equal(commHost(), undefined);
  const frontend = new FakeFrontend().install();
  try {
    const comm = commHost()?.openComm("jupyter.widget", { state: {} }, { version: "2.1.0" });
    assert.equal(frontend.sent[0]?.content.comm_id, comm?.commId);
  } finally {
    frontend.uninstall();
  }
  assert.equal(commHost(), undefined);
});

test("models refer to each other as IPY_MODEL_<id>", () => {
  assert.equal(modelReference("abc"), "IPY_MODEL_abc");
});

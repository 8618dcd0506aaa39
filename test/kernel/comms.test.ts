import assert from "node:assert/strict";
import { test } from "node:test";
import { type CommData, CommManager } from "../../kernel/comms.js";

function recorder() {
  const sent: [string, CommData][] = [];
  const metadata: CommData[] = [];
  const manager = new CommManager((type, content, meta = {}) => {
    sent.push([type, content]);
    metadata.push(meta);
  });
  return { sent, metadata, manager };
}

test("a frontend comm_open reaches its target, messages flow both ways, close forgets the comm", () => {
  const { sent, manager } = recorder();
  const received: CommData[] = [];
  let closedWith: CommData | undefined;
  manager.registerTarget("echo", (comm, data) => {
    comm.onMessage((d) => received.push(d));
    comm.onClose((d) => {
      closedWith = d;
    });
    comm.send({ opened: data });
  });
  manager.handleOpen({ comm_id: "c1", target_name: "echo", data: { x: 1 } });
  assert.deepEqual(sent, [["comm_msg", { comm_id: "c1", data: { opened: { x: 1 } } }]]);
  manager.handleMessage({ comm_id: "c1", data: { y: 2 } });
  assert.deepEqual(received, [{ y: 2 }]);
  assert.deepEqual(manager.info(), { c1: { target_name: "echo" } });
  manager.handleClose({ comm_id: "c1", data: { bye: true } });
  assert.deepEqual(closedWith, { bye: true });
  assert.deepEqual(manager.info(), {});
});

test("an unknown target gets a comm_close back", () => {
  const { sent, manager } = recorder();
  manager.handleOpen({ comm_id: "c2", target_name: "nobody" });
  assert.deepEqual(sent, [["comm_close", { comm_id: "c2", data: {} }]]);
});

test("kernel-opened comms announce themselves, filter by target in info, and refuse to send once closed", () => {
  const { sent, metadata, manager } = recorder();
  const comm = manager.open("plot", { figure: 1 }, { version: "2.1.0" });
  manager.open("other");
  assert.deepEqual(sent[0], [
    "comm_open",
    { comm_id: comm.commId, target_name: "plot", data: { figure: 1 } },
  ]);
  assert.deepEqual(metadata[0], { version: "2.1.0" }, "the metadata is the message's, as ipykernel sends it");
  assert.deepEqual(Object.keys(manager.info("plot")), [comm.commId]);
  comm.close();
  assert.equal(sent.at(-1)?.[0], "comm_close");
  assert.ok(comm.closed);
  assert.throws(() => comm.send({}), /is closed: open a new one/);
});

"""The installed `explr` kernel driven by jupyter_client itself, the way JupyterLab drives it.

- KernelManager.interrupt_kernel() (the kernelspec's interrupt mode: an interrupt_request on control) stops a
  synchronous loop; the kernel and its variables survive.
- A blocking prompt() is answered through jupyter_client's stdin handling.
Run: python3 test/kernel/conformance/interrupt_and_input.py (with the kernel installed); exits 1 on a failure.
"""

import queue
import time

from jupyter_client.manager import start_new_kernel


def reply_to(kc, msg_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = kc.get_shell_msg(timeout=1)
        except queue.Empty:
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply
    raise AssertionError(f"no reply to {msg_id} within {timeout} s")


def main():
    km, kc = start_new_kernel(kernel_name="explr")
    try:
        assert km.kernel_spec.interrupt_mode == "message", km.kernel_spec.interrupt_mode
        reply_to(kc, kc.execute("let spins = 0; const survivor = 7;"))

        loop = kc.execute("while (true) { spins++; }")
        # Interrupt until the cell ends: one that lands while the cell is still type checked has nothing to stop.
        reply = None
        for _ in range(30):
            time.sleep(0.5)
            km.interrupt_kernel()
            try:
                reply = reply_to(kc, loop, timeout=2)
                break
            except AssertionError:
                continue
        assert reply is not None, "the loop was never stopped"
        assert reply["content"]["status"] == "error", reply["content"]
        assert reply["content"]["ename"] == "Interrupted", reply["content"]

        answers = []
        result = kc.execute_interactive(
            'import { prompt } from "explr/kernel"; const got = prompt("Epochs? "); `${got} ${spins > 0 ? survivor : -1}`',
            allow_stdin=True,
            stdin_hook=lambda msg: (answers.append(msg["content"]["prompt"]), kc.input("12")),
            output_hook=lambda msg: msg["msg_type"] == "execute_result"
            and answers.append(msg["content"]["data"]["text/plain"]),
            timeout=60,
        )
        assert result["content"]["status"] == "ok", result["content"]
        assert answers == ["Epochs? ", "'12 7'"], answers
        print("interrupt and input through jupyter_client: ok")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()

"""Checks a notebook executed headless (nbconvert/nbclient) by the explr kernel: every cell ran, no error output,
and the outputs the smoke notebook must produce are there. Usage: python3 check_executed.py EXECUTED.ipynb"""

import json
import sys

notebook = json.load(open(sys.argv[1]))
cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
outputs = [o for c in cells for o in c["outputs"]]
errors = [o for o in outputs if o["output_type"] == "error"]
assert not errors, f"cells raised: {errors}"
texts = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
assert "steps 3" in texts, f"stdout missing: {texts!r}"
kinds = [o["output_type"] for o in outputs]
assert "display_data" in kinds and "execute_result" in kinds, f"outputs: {kinds}"
result = next(o for o in outputs if o["output_type"] == "execute_result")
assert "".join(result["data"]["text/plain"]) == "6", result
print(f"headless run OK: {len(cells)} cells, outputs {kinds}")

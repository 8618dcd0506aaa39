"""Checks that `jupyter nbconvert --to html` of a notebook saved by `explr run` carries its widgets: the state
(every model the notebook's views need, with the sliders' values as saved) and the views, which nbconvert's page
draws with the widget manager it loads from a CDN. Usage: python3 check_nbconvert_html.py SAVED.ipynb PAGE.html"""

import json
import re
import sys

notebook = json.load(open(sys.argv[1]))
page = open(sys.argv[2]).read()
saved = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
found = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S)
assert found, "the page embeds no widget state"
embedded = json.loads(found.group(1))["state"]
assert set(embedded) == set(saved), "the page's widget models differ from the notebook's"


def kinds(model):
    """A model's state, with an Output model's outputs reduced to their MIME types (nbconvert rewrites their data)."""
    state = dict(model["state"])
    if "outputs" in state:
        state["outputs"] = [sorted(o.get("data", {})) for o in state["outputs"]]
    return state


different = [k for k in saved if kinds(saved[k]) != kinds(embedded[k])]
assert not different, f"models whose state the page changed: {different}"
views = [
    o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    for c in notebook["cells"]
    if c["cell_type"] == "code"
    for o in c["outputs"]
    if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
]
assert views, "the notebook shows no widget"
missing = [v for v in views if v not in embedded or v not in page]
assert not missing, f"views whose model or placeholder the page lacks: {missing}"
sliders = {k: m["state"]["value"] for k, m in embedded.items() if m["model_name"].endswith("SliderModel")}
assert sliders, "no slider in the embedded state"
print(f"nbconvert HTML OK: {len(embedded)} widget models, {len(views)} views, slider values {sorted(sliders.values())}")

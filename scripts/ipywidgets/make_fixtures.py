"""Writes the reference states of ipywidgets' controls to test/fixtures/ipywidgets/states.json.

explr's widgets must open models exactly as ipywidgets does, or the frontend's widget manager cannot draw them.
Regenerate with a virtual environment that has ipywidgets 8:
`python3 -m venv /tmp/iw && /tmp/iw/bin/pip install ipywidgets && /tmp/iw/bin/python scripts/ipywidgets/make_fixtures.py`.
`npm test` only reads the JSON file.
"""

import json
import os

import ipywidgets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "ipywidgets")

# Each case: the control, the keyword arguments it is made with (the test makes explr's with the same options).
CASES = {
    "IntSlider": ("IntSlider", {}),
    "IntSlider-configured": ("IntSlider", {"value": 7, "min": 1, "max": 9, "step": 2, "description": "k"}),
    "FloatSlider": ("FloatSlider", {}),
    "FloatSlider-configured": ("FloatSlider", {"value": 0.5, "min": 0.1, "max": 2.0, "step": 0.05, "description": "eta", "readout_format": ".3f"}),
    "FloatLogSlider": ("FloatLogSlider", {}),
    "FloatLogSlider-configured": ("FloatLogSlider", {"value": 0.001, "min": -5, "max": -1, "step": 0.5, "description": "lambda"}),
    "Dropdown": ("Dropdown", {}),
    "Dropdown-configured": ("Dropdown", {"options": ["sgd", "exp"], "value": "exp", "description": "schedule"}),
    "Checkbox": ("Checkbox", {}),
    "Checkbox-configured": ("Checkbox", {"value": True, "description": "warm"}),
    "Button": ("Button", {}),
    "Button-configured": ("Button", {"description": "run", "button_style": "primary", "tooltip": "start"}),
    "Text": ("Text", {}),
    "Text-configured": ("Text", {"value": "hi", "placeholder": "name", "description": "who"}),
    "Label": ("Label", {}),
    "Label-configured": ("Label", {"value": "done"}),
    "Output": ("Output", {}),
    "HBox": ("HBox", {}),
    "VBox": ("VBox", {}),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = {}
    for name, (control, options) in CASES.items():
        widget = getattr(ipywidgets, control)(**options)
        state = widget.get_state()
        case = {"control": control, "options": options, "model_name": widget._model_name, "state": state}
        for part in ("layout", "style"):
            if part in state:
                case[part] = getattr(widget, part).get_state()
        cases[name] = case
    with open(os.path.join(OUT, "states.json"), "w") as f:
        json.dump({"ipywidgets": ipywidgets.__version__, "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

"""Question answering over Chinese government budget disclosures (部门预算/决算公开).

Importing the package switches Hugging Face libraries to offline mode before
sentence-transformers can be imported anywhere: nothing may download at run time. It also turns
onnxruntime's telemetry off before onnxruntime is imported (it would otherwise write a device id and an
event database under ~/.cache/Microsoft at every import).
"""

import os as _os

_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
_os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

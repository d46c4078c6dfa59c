"""Question answering over Chinese government budget disclosures (部门预算/决算公开).

Importing the package switches Hugging Face libraries to offline mode before
sentence-transformers can be imported anywhere: nothing may download at run time.
"""

import os as _os

_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
_os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

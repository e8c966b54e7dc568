"""The demo newsroom's content (all our own fictional writing), kept as data in newsroom.json."""

import json
from pathlib import Path

DEMO = json.loads((Path(__file__).with_name("newsroom.json")).read_text(encoding="utf-8"))

SECTIONS = DEMO["sections"]
AUTHORS = DEMO["authors"]
# Oldest last: interleaved by age, so the front page mixes sections as a real one would.
STORIES = DEMO["stories"]
# Closing paragraphs each section's stories end with.
SECTION_PARAGRAPHS = DEMO["section_paragraphs"]

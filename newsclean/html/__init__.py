"""HTML front end: one parse of the page, trafilatura for body and metadata,
DOM evidence for what was removed around (and leaked into) the story.

Modules:

* :mod:`.frontend` — ``extract_html``: the entry point the pipeline calls;
* :mod:`.parse` — the one parse, hardened: no DTD entities, nesting and work
  bounded (a page cut short says so in its warnings);
* :mod:`.meta` — record fields from trafilatura's metadata (date, authors,
  language, tags, canonical URL);
* :mod:`.segment` — the page cut into visible text blocks with DOM features;
* :mod:`.align` — which blocks each of trafilatura's body lines came from;
* :mod:`.label` — named rules labelling boilerplate blocks (navigation,
  related, ranking, ... ) for ``removed``;
* :mod:`.story` — trafilatura's body aligned with the blocks, and named rules
  that drop leaks from it or recover dropped story parts.
"""

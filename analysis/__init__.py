"""Pure functions over the corpus frames: summaries, themes and topics, overlap, follow-up, history, search."""

"""Notes and what people do with them: topics, likes, collects, boards, comments, views."""

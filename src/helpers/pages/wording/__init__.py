"""The drafted sentences of the paper and the target statuses."""

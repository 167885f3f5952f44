"""The pages of the wire: the public side and the newsroom's desk (feeds are in feeds.py)."""

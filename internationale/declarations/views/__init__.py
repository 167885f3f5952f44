"""The pages of declarations: the public side, the secretariat's writing, its moderation."""

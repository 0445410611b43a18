"""What may be shown: the publishable set, its disclosure audit, redaction, inert output."""

"""The guided self-reflection: its dialog, editing it later, and sharing it."""

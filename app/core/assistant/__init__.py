"""The voice assistant: one turn, live listening, barge-in, memory, intents."""

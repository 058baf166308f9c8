"""Qt-free model backends behind small protocols (ASR, VAD, LLM, TTS) and their support code."""

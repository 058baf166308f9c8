"""Audio stack: decode, resample, mix, loudness, encode with tags and chapters, subtitles and RSS.

Internal audio is float32 numpy: mono ``(n,)`` or stereo ``(n, 2)``, values in [-1, 1].
"""

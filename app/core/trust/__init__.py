"""What makes output trustworthy: keys, signed provenance, watermark, disclosure, voice consent."""

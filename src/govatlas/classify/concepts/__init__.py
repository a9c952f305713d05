"""Zero-shot concept matching against taxonomy definitions, and the keyword baseline."""

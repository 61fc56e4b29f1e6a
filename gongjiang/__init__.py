"""工匠 Gongjiang: the skilled-talent platform."""

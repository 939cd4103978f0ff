"""Text handling shared by every stage: normalisation for matching, clitics, sentence splitting."""

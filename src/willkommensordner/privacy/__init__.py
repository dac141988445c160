"""Data protection: retention and real deletion, anonymisation, the Art. 15 subject access
export and the anonymous monitoring figures."""

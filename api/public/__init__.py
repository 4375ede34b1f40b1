"""The programme's public face: what anyone may read without signing in."""

"""What a program can check of an output's accessibility and print, by UK councils' rules."""

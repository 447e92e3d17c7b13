from quotecheck.cli import console_main

console_main()

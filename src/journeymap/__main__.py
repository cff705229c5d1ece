from journeymap.cli.launch import main

main()

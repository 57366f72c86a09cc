print("weightport")

<!doctype html>
<title>Greeting</title>
<h1>Hello, {{name}}!</h1>

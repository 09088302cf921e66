#!/bin/sh
# demo.sh PROCBOX: start a small target and run every applet on it.
set -u
pb=$1
sleep 300 &
target=$!
trap 'kill $target 2>/dev/null' EXIT
echo "\$ $pb --version"; "$pb" --version
echo "\$ $pb --list"; "$pb" --list
for a in $("$pb" --list); do
	echo "\$ $pb $a $target"
	"$pb" "$a" "$target"
	echo "(exit status $?)"
done

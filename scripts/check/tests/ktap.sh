# The KTAP parser every layer's results go through.
exec python3 "$(dirname "$0")/ktap_test.py"

#!/bin/sh
# Installs what the integration tests start as real processes: squid (a real forward proxy), htpasswd
# (apache2-utils, to write its Basic-auth password file), tinyproxy-bin (a real proxy that answers refused
# credentials with 401 instead of 407; only the binary, no service), and nftables + iproute2 (the TCP keepalive
# test drops packets with nft inside a network namespace it creates with ip netns, and reads timers with ss; the
# cluster partition test runs each member JVM in a network namespace of its own, joined by veth to a bridge, and cuts
# one off with nft rules: IsolatedNetwork in the test bed). Idempotent: apt-get runs only when something is missing.
# The HTTPS-proxy tests use squid's https_port (tls-cert=/tls-key=), which Debian's default squid (GnuTLS) and
# squid-openssl both support: no other package is needed for them.
# Kerberos (the Negotiate proxy tests): an MIT KDC on loopback (krb5-kdc: krb5kdc, kdb5_util; krb5-admin-server:
# kadmin.local; krb5-user: kinit, ktutil) and curl (the test bed's own check of squid's Negotiate helper). Their
# services are not started by apt in containers; the tests start their own KDC with a realm in a temp directory.
# Debian/Ubuntu only; needs root (or sudo). apt does not start the squid daemon in containers; the tests start
# their own squid instances on free loopback ports anyway.
set -eu

missing=""
command -v squid >/dev/null 2>&1 || [ -x /usr/sbin/squid ] || missing="$missing squid"
command -v htpasswd >/dev/null 2>&1 || missing="$missing apache2-utils"
command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || missing="$missing nftables"
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || missing="$missing iproute2"
command -v krb5kdc >/dev/null 2>&1 || [ -x /usr/sbin/krb5kdc ] || missing="$missing krb5-kdc"
command -v kadmin.local >/dev/null 2>&1 || [ -x /usr/sbin/kadmin.local ] || missing="$missing krb5-admin-server"
command -v ktutil >/dev/null 2>&1 || missing="$missing krb5-user"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v tinyproxy >/dev/null 2>&1 || [ -x /usr/bin/tinyproxy ] || missing="$missing tinyproxy-bin"
# The cluster test suspends a member JVM with kill -STOP (the program, not the shell's builtin: procps).
[ -x /bin/kill ] || [ -x /usr/bin/kill ] || missing="$missing procps"
# squid's auth helpers (Basic, Digest, NTLM, Negotiate) come with the squid package itself.
for helper in basic_ncsa_auth digest_file_auth ntlm_fake_auth negotiate_kerberos_auth; do
    [ -x /usr/lib/squid/$helper ] || case "$missing" in *squid*) ;; *) missing="$missing squid" ;; esac
done

if [ -z "$missing" ]; then
    echo "test dependencies present: $(/usr/sbin/squid -v 2>/dev/null | head -n 1)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "installing:$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
/usr/sbin/squid -v | head -n 1

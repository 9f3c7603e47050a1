#!/bin/bash
# host check: N tunnels between two zonesecd (kernel = fake) in two netns
N=$1; D=/work/wt-dtunnel/userspace; cd /tmp/zb
ip netns add dt-i; ip netns add dt-r
ip link add i0 netns dt-i type veth peer name r0 netns dt-r
for n in dt-i dt-r; do ip -n $n link set lo up; done
ip -n dt-i link set i0 up; ip -n dt-r link set r0 up
a() { echo 10.$1.$(($2 / 250)).$(($2 % 250 + 1)); }
{ for k in $(seq $N); do echo "addr add $(a 1 $k)/32 dev i0"; done; echo "route add 10.2.0.0/16 dev i0"; } | ip -n dt-i -batch -
{ for k in $(seq $N); do echo "addr add $(a 2 $k)/32 dev r0"; done; echo "route add 10.1.0.0/16 dev r0"; } | ip -n dt-r -batch -
gen() { side=$1 st=$2; printf '[global]\nkernel = fake\nid = %s.example\npsk = zonesec bench psk 0123456789abcdef\ncontrol = /tmp/zb/%s.sock\n' $side $side
 for k in $(seq $N); do if [ $side = i ]; then me=$(a 1 $k) peer=$(a 2 $k) pid=r.example lp=$(a 3 $k) rp=$(a 4 $k); else me=$(a 2 $k) peer=$(a 1 $k) pid=i.example lp=$(a 4 $k) rp=$(a 3 $k); fi
 printf '\n[tunnel t%d]\npeer = %s\nlocal = %s\npeer_id = %s\nlocal_prefix = %s/32\nremote_prefix = %s/32\nike_proposals = aes128gcm16-prfsha256-x25519\nesp_proposals = aes128gcm16\nstart = %s\n' $k $peer $me $pid $lp $rp $st; done; }
gen r wait > r.conf; gen i wait > i.conf
ip netns exec dt-r $D/daemon/zonesecd -f -v -c /tmp/zb/r.conf 2>r.log & rp=$!
ip netns exec dt-i $D/daemon/zonesecd -f -v -c /tmp/zb/i.conf 2>i.log & ip=$!
sleep 2; r0=$(awk '/VmRSS/ {print $2}' /proc/$rp/status); gen i load > i.conf
t0=$(date +%s%N); ZONESEC_CONTROL=/tmp/zb/i.sock $D/cli/zonesec reload
for i in $(seq 1200); do n=$(ZONESEC_CONTROL=/tmp/zb/r.sock $D/cli/zonesec tunnel show -j | grep -o '"state":"established"' | wc -l); [ $n = $N ] && break; sleep 0.1; done
t1=$(date +%s%N); r1=$(awk '/VmRSS/ {print $2}' /proc/$rp/status)
echo "N=$N: $n established on the responder in $(( (t1-t0)/1000000 )) ms; responder RSS $r0 -> $r1 KiB ($(( (r1-r0) * 1000 / N )) bytes/tunnel... KiB*1000/N); cookies asked: $(grep -c 'asks for a cookie' i.log)"
ps -o pid,time,rss,cmd -p $rp,$ip
t0=$(date +%s%N); ZONESEC_CONTROL=/tmp/zb/i.sock $D/cli/zonesec tunnel show >/dev/null; echo "tunnel show of $N: $(( ($(date +%s%N)-t0)/1000000 )) ms"
kill $ip $rp; wait
grep -ci "error\|dead" i.log r.log
ip netns del dt-i; ip netns del dt-r

// A real hashicorp/memberlist node (Debian's golang-github-hashicorp-memberlist-dev), the peer
// metallabd must interoperate with, configured as MetalLB's speaker configures it:
// DefaultLANConfig, the node name, the bind address and port, and the key MetalLB derives from
// its memberlist Secret (the first 32 bytes of secret ‖ SHA-256("")).
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o memberlist_peer .
//	memberlist_peer -name N -bind ADDR [-port 7946] [-secret S] [-join ADDR,...]
//	                [-probe-interval D -probe-timeout D -gossip-interval D]
//
// It prints one JSON line per membership change ({"event":"join","node":"..."}) and, every
// 200 ms, the members it counts alive, its Lifeguard health score and the wall time
// ({"members":[...],"health":0,"at":1700000000.123}). SIGTERM: Leave (1 s), then exit.
package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"io"
	"log"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/memberlist"
)

var out = struct {
	sync.Mutex
	enc *json.Encoder
}{enc: json.NewEncoder(os.Stdout)}

func emit(v interface{}) {
	out.Lock()
	defer out.Unlock()
	out.enc.Encode(v)
}

type events struct{}

func (events) NotifyJoin(n *memberlist.Node)   { emit(map[string]string{"event": "join", "node": n.Name}) }
func (events) NotifyLeave(n *memberlist.Node)  { emit(map[string]string{"event": "leave", "node": n.Name}) }
func (events) NotifyUpdate(n *memberlist.Node) { emit(map[string]string{"event": "update", "node": n.Name}) }

func main() {
	name := flag.String("name", "", "member name (the node name)")
	bind := flag.String("bind", "", "bind address")
	port := flag.Int("port", 7946, "bind port")
	secret := flag.String("secret", "", "MetalLB's memberlist secret (empty: no encryption)")
	join := flag.String("join", "", "comma-separated addresses to join")
	probeInterval := flag.Duration("probe-interval", 0, "ProbeInterval (0: the LAN default)")
	probeTimeout := flag.Duration("probe-timeout", 0, "ProbeTimeout")
	gossipInterval := flag.Duration("gossip-interval", 0, "GossipInterval")
	flag.Parse()

	config := memberlist.DefaultLANConfig()
	config.Name = *name
	config.BindAddr = *bind
	config.BindPort = *port
	config.AdvertisePort = *port
	config.Events = events{}
	config.LogOutput = io.Discard
	if *probeInterval > 0 {
		config.ProbeInterval = *probeInterval
	}
	if *probeTimeout > 0 {
		config.ProbeTimeout = *probeTimeout
	}
	if *gossipInterval > 0 {
		config.GossipInterval = *gossipInterval
	}
	if *secret != "" {
		// As MetalLB's speakerlist.go: sha256.New().Sum([]byte(secret))[:32].
		config.SecretKey = sha256.New().Sum([]byte(*secret))[:32]
	}
	list, err := memberlist.Create(config)
	if err != nil {
		log.Fatalf("memberlist_peer: %v", err)
	}
	if *join != "" {
		if _, err := list.Join(strings.Split(*join, ",")); err != nil {
			emit(map[string]string{"event": "joinFailed", "error": err.Error()})
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	tick := time.NewTicker(200 * time.Millisecond)
	for {
		select {
		case <-stop:
			list.Leave(time.Second)
			list.Shutdown()
			return
		case <-tick.C:
			var names []string
			for _, member := range list.Members() {
				names = append(names, member.Name)
			}
			sort.Strings(names)
			emit(map[string]interface{}{"members": names, "health": list.GetHealthScore(),
				"at": float64(time.Now().UnixNano()) / 1e9})
		}
	}
}

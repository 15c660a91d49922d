// This file is compiled INTO Debian's github.com/hashicorp/memberlist package with
// `go build -overlay` (the package's own files are untouched), so the reference program can
// call memberlist's unexported encoder, decoder, compound, encryption and stream functions and
// its own message structs: every byte the program prints is memberlist's. The only code of
// ours here picks inputs and wires a capturing transport; where a step of memberlist is inline
// in a method that needs a whole running Memberlist (the CRC check of ingestPacket), the lines
// are copied and say so.
package memberlist

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/ioutil"
	"log"
	"net"
	"time"
)

// Fixed inputs, each memberlist's own struct. The C++ test builds the same values.
func GoldenFixtures() [][2]string {
	v4 := func(a, b, c, d byte) []byte { return []byte{a, b, c, d} }
	v6 := net.ParseIP("2001:db8::1").To16()
	vsn := []uint8{1, 5, 2, 0, 0, 0}
	out := [][2]string{}
	add := func(name string, t messageType, msg interface{}) []byte {
		buf, err := encode(t, msg)
		if err != nil {
			panic(err)
		}
		out = append(out, [2]string{name, fmt.Sprintf("%x", buf.Bytes())})
		return buf.Bytes()
	}
	p := add("ping", pingMsg, &ping{SeqNo: 7, Node: "node-b"})
	add("ping-with-source", pingMsg, &ping{SeqNo: 0x01020304, Node: "node-b",
		SourceAddr: v4(192, 0, 2, 1), SourcePort: 7946, SourceNode: "node-a"})
	add("ping-long-node", pingMsg, &ping{SeqNo: 1,
		Node: "a-node-name-of-forty-bytes-for-str16-xx"})
	add("indirect-ping", indirectPingMsg, &indirectPingReq{SeqNo: 300, Target: v4(192, 0, 2, 3),
		Port: 7946, Node: "node-c", Nack: true, SourceAddr: v4(192, 0, 2, 1), SourcePort: 7946,
		SourceNode: "node-a"})
	add("ack", ackRespMsg, &ackResp{SeqNo: 7})
	add("ack-with-payload", ackRespMsg, &ackResp{SeqNo: 70000, Payload: []byte{1, 2, 3}})
	add("nack", nackRespMsg, &nackResp{SeqNo: 9})
	add("err", errMsg, &errResp{Error: "remote error"})
	s := add("suspect", suspectMsg, &suspect{Incarnation: 3, Node: "node-c", From: "node-a"})
	a := add("alive", aliveMsg, &alive{Incarnation: 1, Node: "node-a", Addr: v4(192, 0, 2, 1),
		Port: 7946, Vsn: vsn})
	add("alive-ipv6-meta", aliveMsg, &alive{Incarnation: 4294967295, Node: "node-d", Addr: v6,
		Port: 7947, Meta: []byte("zone=a"), Vsn: vsn})
	add("dead", deadMsg, &dead{Incarnation: 2, Node: "node-c", From: "node-c"})
	add("push-pull-header", pushPullMsg, &pushPullHeader{Nodes: 2, UserStateLen: 0, Join: true})
	add("push-node-state", pushPullMsg, &pushNodeState{Name: "node-a", Addr: v4(192, 0, 2, 1),
		Port: 7946, Incarnation: 5, State: StateSuspect, Vsn: vsn})
	add("user-msg-header", userMsg, &userMsgHeader{UserMsgLen: 5})
	add("push-pull-header-wide", pushPullMsg, &pushPullHeader{Nodes: 200, UserStateLen: 1000})

	compound := makeCompoundMessage([][]byte{p, s, a})
	out = append(out, [2]string{"compound", fmt.Sprintf("%x", compound.Bytes())})
	compressed, err := compressPayload(a)
	if err != nil {
		panic(err)
	}
	out = append(out, [2]string{"compress", fmt.Sprintf("%x", compressed.Bytes())})
	user := append([]byte{byte(userMsg)}, []byte("hello")...)
	out = append(out, [2]string{"user", fmt.Sprintf("%x", user)})
	return out
}

// GoldenDecode reads one message (type byte and body) as handleCommand would, compounds split
// with decodeCompoundMessage, and prints each message memberlist decoded (%#v of its struct)
// and that struct encoded again.
func GoldenDecode(buf []byte, w io.Writer) {
	if len(buf) < 1 {
		fmt.Fprintf(w, "error missing message type byte\n")
		return
	}
	t := messageType(buf[0])
	body := buf[1:]
	var msg interface{}
	switch t {
	case compoundMsg:
		trunc, parts, err := decodeCompoundMessage(body)
		if err != nil {
			fmt.Fprintf(w, "error %v\n", err)
			return
		}
		fmt.Fprintf(w, "compound parts=%d truncated=%d\n", len(parts), trunc)
		for _, part := range parts {
			GoldenDecode(part, w)
		}
		return
	case userMsg:
		fmt.Fprintf(w, "user %x\n", body)
		return
	case compressMsg:
		plain, err := decompressPayload(body)
		if err != nil {
			fmt.Fprintf(w, "error %v\n", err)
			return
		}
		fmt.Fprintf(w, "decompressed %x\n", plain)
		return
	case pingMsg:
		msg = &ping{}
	case indirectPingMsg:
		msg = &indirectPingReq{}
	case ackRespMsg:
		msg = &ackResp{}
	case nackRespMsg:
		msg = &nackResp{}
	case errMsg:
		msg = &errResp{}
	case suspectMsg:
		msg = &suspect{}
	case aliveMsg:
		msg = &alive{}
	case deadMsg:
		msg = &dead{}
	default:
		fmt.Fprintf(w, "error msg type (%d) not supported\n", t)
		return
	}
	if err := decode(body, msg); err != nil {
		fmt.Fprintf(w, "error %v\n", err)
		return
	}
	again, err := encode(t, msg)
	if err != nil {
		fmt.Fprintf(w, "error %v\n", err)
		return
	}
	fmt.Fprintf(w, "%#v %x\n", msg, again.Bytes())
}

// A transport that keeps what memberlist writes.
type captureTransport struct{ sent [][]byte }

func (c *captureTransport) FinalAdvertiseAddr(string, int) (net.IP, int, error) {
	return nil, 0, nil
}
func (c *captureTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	c.sent = append(c.sent, append([]byte(nil), b...))
	return time.Now(), nil
}
func (c *captureTransport) PacketCh() <-chan *Packet                               { return nil }
func (c *captureTransport) DialTimeout(string, time.Duration) (net.Conn, error)    { return nil, nil }
func (c *captureTransport) StreamCh() <-chan net.Conn                              { return nil }
func (c *captureTransport) Shutdown() error                                        { return nil }
func (c *captureTransport) IngestPacket(net.Conn, net.Addr, time.Time, bool) error { return nil }
func (c *captureTransport) IngestStream(net.Conn) error                            { return nil }
func (c *captureTransport) WriteToAddress(b []byte, a Address) (time.Time, error) {
	return c.WriteTo(b, a.Addr)
}
func (c *captureTransport) DialAddressTimeout(Address, time.Duration) (net.Conn, error) {
	return nil, nil
}

// A Memberlist with just what the send and stream paths read: LAN defaults, compression off
// (LZW output is not compared), the keyring when keys are given.
func goldenMemberlist(keys [][]byte) (*Memberlist, *captureTransport, error) {
	conf := DefaultLANConfig()
	conf.EnableCompression = false
	conf.Logger = log.New(ioutil.Discard, "", 0)
	if len(keys) > 0 {
		ring, err := NewKeyring(keys[1:], keys[0])
		if err != nil {
			return nil, nil, err
		}
		conf.Keyring = ring
	}
	capture := &captureTransport{}
	m := &Memberlist{config: conf, transport: capture, logger: conf.Logger}
	return m, capture, nil
}

// GoldenSendPacket sends msg through memberlist's rawSendMsgPacket to a node whose protocol
// max is pmax (5: memberlist adds the CRC header) and returns the datagram it wrote.
func GoldenSendPacket(keys [][]byte, pmax uint8, msg []byte) ([]byte, error) {
	m, capture, err := goldenMemberlist(keys)
	if err != nil {
		return nil, err
	}
	node := &Node{Name: "node-b", Addr: net.IP{192, 0, 2, 2}, Port: 7946, PMin: 1, PMax: pmax}
	if err := m.rawSendMsgPacket(Address{Addr: "192.0.2.2:7946", Name: "node-b"}, node, msg); err != nil {
		return nil, err
	}
	return capture.sent[0], nil
}

// GoldenReceivePacket does what ingestPacket does before handleCommand: decryptPayload with
// every key of the ring (memberlist's), then the CRC check (ingestPacket's lines, copied).
func GoldenReceivePacket(keys [][]byte, buf []byte) ([]byte, error) {
	if len(keys) > 0 {
		ring, err := NewKeyring(keys[1:], keys[0])
		if err != nil {
			return nil, err
		}
		plain, err := decryptPayload(ring.GetKeys(), buf, nil)
		if err != nil {
			return nil, err
		}
		buf = plain
	}
	if len(buf) >= 5 && messageType(buf[0]) == hasCrcMsg {
		crc := crc32.ChecksumIEEE(buf[5:])
		expected := binary.BigEndian.Uint32(buf[1:5])
		if crc != expected {
			return nil, fmt.Errorf("invalid checksum %x, %x", crc, expected)
		}
		return buf[5:], nil
	}
	return buf, nil
}

// GoldenCompress is compressPayload.
func GoldenCompress(msg []byte) ([]byte, error) {
	buf, err := compressPayload(msg)
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// GoldenEncrypt and GoldenDecrypt are memberlist's encryptPayload and decryptPayload.
func GoldenEncrypt(vsn uint8, key, msg, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	err := encryptPayload(encryptionVersion(vsn), key, msg, data, &buf)
	return buf.Bytes(), err
}

func GoldenDecrypt(keys [][]byte, msg, data []byte) ([]byte, error) {
	return decryptPayload(keys, msg, data)
}

func goldenNodes() []*nodeState {
	return []*nodeState{
		{Node: Node{Name: "node-a", Addr: net.IP{192, 0, 2, 1}, Port: 7946, PMin: 1, PMax: 5,
			PCur: 2, DMin: 0, DMax: 0, DCur: 0}, Incarnation: 1, State: StateAlive},
		{Node: Node{Name: "node-c", Addr: net.IP{192, 0, 2, 3}, Port: 7946, PMin: 1, PMax: 5,
			PCur: 2}, Incarnation: 7, State: StateDead},
	}
}

// GoldenSendState runs memberlist's sendLocalState (push-pull over a stream) over a pipe and
// returns every byte it wrote: the pushPull message, encrypted with encryptLocalState when
// keys are given.
func GoldenSendState(keys [][]byte, join bool, compress bool) ([]byte, error) {
	m, _, err := goldenMemberlist(keys)
	if err != nil {
		return nil, err
	}
	m.config.EnableCompression = compress
	m.nodes = goldenNodes()
	ours, theirs := net.Pipe()
	done := make(chan []byte)
	go func() {
		all, _ := ioutil.ReadAll(theirs)
		done <- all
	}()
	err = m.sendLocalState(ours, join)
	ours.Close()
	all := <-done
	return all, err
}

// GoldenReadState runs memberlist's readStream and readRemoteState on bytes a peer sent.
func GoldenReadState(keys [][]byte, stream []byte, w io.Writer) error {
	m, _, err := goldenMemberlist(keys)
	if err != nil {
		return err
	}
	ours, theirs := net.Pipe()
	go func() {
		theirs.Write(stream)
		theirs.Close()
	}()
	msgType, bufConn, dec, err := m.readStream(ours)
	if err != nil {
		return err
	}
	if msgType != pushPullMsg {
		return fmt.Errorf("message type %d, not pushPull", msgType)
	}
	join, nodes, user, err := m.readRemoteState(bufConn, dec)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "join=%v nodes=%d user=%x", join, len(nodes), user)
	for _, n := range nodes {
		fmt.Fprintf(w, " %#v", n)
	}
	fmt.Fprintf(w, "\n")
	return nil
}

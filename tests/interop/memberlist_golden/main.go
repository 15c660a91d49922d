// The reference peer of tests/core/membership/wire: hashicorp/memberlist itself (Debian's
// golang-github-hashicorp-memberlist-dev), built offline with
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -overlay overlay.json
//
// where the overlay adds inside_memberlist/zz_metallab_golden.go to the memberlist package so
// its unexported encoders can be called. Commands, one per line on stdin, each answered by
// lines on stdout ending with "end" (hex everywhere, "-" for empty):
//
//	fixtures                          name hex, for every fixed input
//	decode MSG                        what memberlist decodes from one message
//	encrypt VSN KEY MSG DATA          encryptPayload
//	decrypt KEY[,KEY...] MSG DATA     decryptPayload with every key
//	send-packet KEYS PMAX MSG         rawSendMsgPacket's datagram
//	receive-packet KEYS DATAGRAM      decrypt and CRC check as ingestPacket
//	send-state KEYS JOIN [compress]   sendLocalState's stream bytes (EnableCompression on)
//	compress MSG                      compressPayload: the compress message holding MSG
//	read-state KEYS STREAM            readStream + readRemoteState
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/memberlist"
)

func unhex(field string) []byte {
	if field == "-" {
		return nil
	}
	b, err := hex.DecodeString(field)
	if err != nil {
		fmt.Printf("error bad hex %q\n", field)
		return nil
	}
	return b
}

func keys(field string) [][]byte {
	if field == "-" {
		return nil
	}
	var out [][]byte
	for _, key := range strings.Split(field, ",") {
		out = append(out, unhex(key))
	}
	return out
}

func answer(b []byte, err error) {
	if err != nil {
		fmt.Printf("error %v\n", err)
	} else {
		fmt.Printf("%x\n", b)
	}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	for in.Scan() {
		words := strings.Fields(in.Text())
		if len(words) == 0 {
			continue
		}
		switch {
		case words[0] == "fixtures":
			for _, fixture := range memberlist.GoldenFixtures() {
				fmt.Printf("%s %s\n", fixture[0], fixture[1])
			}
		case words[0] == "decode" && len(words) == 2:
			memberlist.GoldenDecode(unhex(words[1]), os.Stdout)
		case words[0] == "encrypt" && len(words) == 5:
			answer(memberlist.GoldenEncrypt(unhex(words[1])[0], unhex(words[2]), unhex(words[3]),
				unhex(words[4])))
		case words[0] == "decrypt" && len(words) == 4:
			answer(memberlist.GoldenDecrypt(keys(words[1]), unhex(words[2]), unhex(words[3])))
		case words[0] == "send-packet" && len(words) == 4:
			answer(memberlist.GoldenSendPacket(keys(words[1]), unhex(words[2])[0], unhex(words[3])))
		case words[0] == "receive-packet" && len(words) == 3:
			answer(memberlist.GoldenReceivePacket(keys(words[1]), unhex(words[2])))
		case words[0] == "send-state" && (len(words) == 3 || len(words) == 4):
			answer(memberlist.GoldenSendState(keys(words[1]), words[2] == "true", len(words) == 4))
		case words[0] == "compress" && len(words) == 2:
			answer(memberlist.GoldenCompress(unhex(words[1])))
		case words[0] == "read-state" && len(words) == 3:
			if err := memberlist.GoldenReadState(keys(words[1]), unhex(words[2]), os.Stdout); err != nil {
				fmt.Printf("error %v\n", err)
			}
		case words[0] == "metallb-key" && len(words) == 2:
			// internal/speakerlist/speakerlist.go New, verbatim but for the names.
			sha := sha256.New()
			secretKey := sha.Sum(unhex(words[1]))[:32]
			fmt.Printf("%x\n", secretKey)
		default:
			fmt.Printf("error unknown command %q\n", in.Text())
		}
		fmt.Println("end")
	}
}

package ${{ values.goPackage }}_test

import (
	"fmt"

	"${{ values.host }}/${{ values.org }}/${{ values.repo }}"
)

func ExampleUserAgent() {
	fmt.Println(${{ values.goPackage }}.UserAgent("") != "")
	// Output: true
}

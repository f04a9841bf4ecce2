// Package ${{ values.goPackage }} is ${{ values.name }}.
//
// Import it as ${{ values.host }}/${{ values.org }}/${{ values.repo }}.
package ${{ values.goPackage }}
